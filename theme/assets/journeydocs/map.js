/* journeydocs: map.js */
